# WGEC Redline: gunicorn behind whatever TLS proxy the host provides.
# Configure with DATABASE_URL, SECRET_KEY (or SECRET_KEY_FILE) and ALLOWED_HOSTS.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs a key only to start Django; it is not kept in the image.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0 \
    && useradd --system --no-create-home wgec
USER wgec

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn wgec.wsgi:application --config wgec/gunicorn.conf.py"]
