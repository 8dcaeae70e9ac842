"""pacte eval: retrieval benchmarks that run the very ``search()`` the API serves."""
