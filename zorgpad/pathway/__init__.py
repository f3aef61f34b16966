"""Care-pathway content: recommendations, alerts and criteria as pure Python rules (see rules/)."""
