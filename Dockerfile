# The dashboard as an image: Debian (bookworm) with Python 3.11, Chromium for exports, the
# app's runtime requirements only, run as a user without privileges.
#
#   docker build -t college-earnings .
#   docker run --rm -v earnings:/var/lib/college-earnings college-earnings prepare
#   docker run -d -p 8050:8050 -e SECRET_KEY=... -v earnings:/var/lib/college-earnings \
#     college-earnings
#
# compose.yaml runs two replicas, Redis and HAProxy. The data and the model live in the
# volume: `prepare` builds and trains there, the production command only serves (it refuses
# to start without a whole model).
FROM python:3.11-slim-bookworm

# Chromium draws exported charts and reports (kaleido); it runs without its sandbox, as a
# user without privileges
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/var/lib/college-earnings \
    BROWSER_PATH=/usr/bin/chromium \
    HOST=0.0.0.0 \
    PORT=8050

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY gunicorn.conf.py ./
COPY assets/ assets/
COPY callbacks/ callbacks/
COPY charts/ charts/
COPY dashboard/ dashboard/
COPY layouts/ layouts/
COPY model/ model/

RUN useradd --system --uid 10001 --create-home --home-dir /home/app app \
    && mkdir -p /var/lib/college-earnings \
    && chown app:app /var/lib/college-earnings
USER app
VOLUME /var/lib/college-earnings
EXPOSE 8050

# In rotation while the model is loaded (what the balancer checks too)
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-m", "dashboard", "health"]

ENTRYPOINT ["python", "-m", "dashboard"]
CMD ["production"]
