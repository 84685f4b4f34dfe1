# Cellgate in a container: build with the .NET SDK image, run on the ASP.NET runtime image as a non-root user.
#   docker build -t cellgate .
#   docker run -p 5080:8080 -v cellgate-data:/data cellgate
# The first start prints the operator's credentials once (docker logs); the database lives on the /data volume.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that a source change does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Cellgate.Server/Cellgate.Server.csproj src/Cellgate.Server/
COPY src/Cellgate.Storage/Cellgate.Storage.csproj src/Cellgate.Storage/
COPY src/Cellgate.Storage.Sqlite/Cellgate.Storage.Sqlite.csproj src/Cellgate.Storage.Sqlite/
COPY src/Cellgate.Storage.Postgres/Cellgate.Storage.Postgres.csproj src/Cellgate.Storage.Postgres/
COPY src/Cellgate.Delivery/Cellgate.Delivery.csproj src/Cellgate.Delivery/
COPY src/Cellgate.Sms/Cellgate.Sms.csproj src/Cellgate.Sms/
COPY src/Cellgate.Smpp/Cellgate.Smpp.csproj src/Cellgate.Smpp/
RUN dotnet restore src/Cellgate.Server/Cellgate.Server.csproj
COPY src/ src/
RUN dotnet publish src/Cellgate.Server/Cellgate.Server.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's non-root user "app" owns the data folder; the volume keeps the SQLite database across containers.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
USER app
# DOTNET_GCgen0size: a 64 MiB gen0 budget; where a VM hides the CPU's cache size .NET's GC otherwise collects every
# ~2.5 MiB allocated (docs/operations.md, "Runtime tuning").
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_ENVIRONMENT=Production \
    DOTNET_GCgen0size=0x4000000 \
    Cellgate__Storage__SqlitePath=/data/cellgate.db \
    Cellgate__Smpp__Address=0.0.0.0
EXPOSE 8080 2775
# The image has no curl: the server binary probes its own /readyz (database reachable).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/Cellgate.Server", "healthcheck", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/app/Cellgate.Server"]
