"""Pure computation on plain inputs: needs, opportunities, embeddings, scores."""
