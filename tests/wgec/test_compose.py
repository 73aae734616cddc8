"""docker-compose.yml and its deploy.env set only variables the app reads, and the README lists them all."""

import re
from pathlib import Path

import yaml

from wgec import env

ROOT = Path(__file__).resolve().parents[2]
# What PostgreSQL's image reads, in the db service.
POSTGRES = {"POSTGRES_USER", "POSTGRES_DB", "POSTGRES_PASSWORD"}


def variables_the_app_reads() -> set[str]:
    """Every variable wgec/settings.py and wgec/gunicorn.conf.py read through wgec/env.py."""
    names = {"ENV_FILE"}
    for module in ("settings.py", "gunicorn.conf.py"):
        source = (ROOT / "wgec" / module).read_text(encoding="utf-8")
        for function, name in re.findall(r"\b(env_\w+)\(\s*\"([A-Z][A-Z0-9_]*)\"", source):
            names.add(name)
            if function == "env_secret":
                names.add(f"{name}_FILE")
    return names


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_the_compose_file_runs_the_app_from_the_dockerfile_and_postgresql_with_a_volume():
    services = _compose()["services"]
    assert services["web"]["build"] == "."
    assert (ROOT / "Dockerfile").is_file()
    assert services["db"]["image"] == "postgres:15"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in services["db"]["volumes"])
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "gunicorn" in (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_every_variable_the_web_service_sets_is_one_the_app_reads():
    assert set(_compose()["services"]["web"]["environment"]) - variables_the_app_reads() == set()


def test_every_variable_of_the_example_deploy_env_is_read_by_the_app_or_postgresql():
    settings = env.parse_env_file(ROOT / "deploy.env.example")
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "POSTGRES_PASSWORD"} <= set(settings)
    assert set(settings) - variables_the_app_reads() - POSTGRES == set()
    assert settings["DATABASE_URL"].startswith("postgres://wgec:")
    assert f":{settings['POSTGRES_PASSWORD']}@db:5432/wgec" in settings["DATABASE_URL"]


def test_the_readme_lists_every_variable_the_app_reads():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    configuration = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert sorted(name for name in variables_the_app_reads() if f"`{name}`" not in configuration) == []


def test_the_variables_found_include_those_read_in_a_branch_and_the_secret_files():
    found = variables_the_app_reads()
    assert {"EMAIL_PORT", "SECRET_KEY_FILE", "EMAIL_HOST_PASSWORD_FILE", "GUNICORN_WORKERS"} <= found


def test_redis_serves_every_instance_and_web2_is_a_second_one_on_its_own_port():
    services = _compose()["services"]
    assert services["redis"]["image"] == "redis:7"
    assert "redis-cli" in services["redis"]["healthcheck"]["test"]
    for name in ("web", "web2"):
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    assert services["web2"]["ports"] == ["127.0.0.1:8001:8000"]
    assert services["web2"]["build"] == services["web"]["build"]
    # Only the first instance migrates; the second waits until it is up.
    assert "migrate" not in " ".join(services["web2"]["command"])
    assert services["web2"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["web2"]["profiles"] == ["two"]
