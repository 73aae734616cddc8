# WGEC Redline: gunicorn behind whatever TLS proxy the host provides.
# Configure with DATABASE_URL, SECRET_KEY (or SECRET_KEY_FILE) and ALLOWED_HOSTS, from the
# environment only (ENV_FILE is empty: no .env is read); docker-compose.yml sets them from deploy.env.
# The base image by digest, so two builds start from the same bytes; to move to a newer image, read
# the digest of the tag (`docker buildx imagetools inspect python:3.11-slim`) and replace it here.
FROM python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ENV_FILE=

WORKDIR /app
# WeasyPrint (the PDF exports) draws text with Pango and HarfBuzz; Liberation Serif is the
# Times-like face of the PDF print style.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
# Every package at the version and with the hash the lock file records (`make lock` writes it).
COPY requirements.lock .
RUN pip install --require-hashes -r requirements.lock

COPY . .
# collectstatic needs a key only to start Django; it is not kept in the image.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0 \
    && useradd --system --no-create-home wgec \
    && install -d -o wgec /backups
USER wgec

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn wgec.asgi:application --config wgec/gunicorn.conf.py"]
