from tests.security.conftest import world  # noqa: F401 - the demo-data world, shared with the security tests
