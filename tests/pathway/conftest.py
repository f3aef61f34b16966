from tests.mdo.conftest import english, sarcoma

__all__ = ["english", "sarcoma"]
