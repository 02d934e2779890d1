"""The search engine's state, as /healthz reports it."""

from elasticsearch import ApiError, TransportError

from search.connection import elasticsearch_configured, get_client


def search_status():
    if not elasticsearch_configured():
        return {"engine": "database", "status": "ok"}
    try:
        health = get_client().cluster.health()
        nodes = get_client().nodes.info(node_id="_local", metric="_none")
    except (ApiError, TransportError):
        # The site keeps answering from the database; say so, without details
        # that could leak the cluster's address.
        return {"engine": "elasticsearch", "status": "unavailable", "fallback": "database"}
    versions = sorted({node["version"] for node in nodes["nodes"].values()})
    status = "ok" if health["status"] in ("green", "yellow") else "degraded"
    return {"engine": "elasticsearch", "status": status, "version": ", ".join(versions)}
