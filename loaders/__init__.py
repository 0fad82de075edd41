"""Ingestion of bank files into the customer graph (writes only through graph/)."""
