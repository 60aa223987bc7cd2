# Stand-in for the official postgres:16 image: Debian bookworm minbase + Debian's PostgreSQL 15 (the newest bookworm
# ships), with an entrypoint honouring POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB and PGDATA like the official one.
FROM ctrmock-standin/debian:bookworm-minbase
RUN mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/share/doc /usr/share/man
ENV PATH=/usr/lib/postgresql/15/bin:$PATH LANG=C.UTF-8 PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh && mkdir -p "$PGDATA" /var/run/postgresql \
 && chown -R postgres:postgres "$PGDATA" /var/run/postgresql && chmod 700 "$PGDATA"
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
# Fast shutdown, as in the official image (SIGTERM would wait for every client to disconnect).
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
