import pytest

from zorgpad.patients.bsn import is_valid_bsn


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        pytest.param("111222333", True, id="11-check passes"),
        pytest.param("123456782", True, id="11-check passes (2)"),
        pytest.param("123456789", False, id="11-check fails (issue example)"),
        pytest.param("12345678", False, id="8 digits"),
        pytest.param("1234567890", False, id="10 digits"),
        pytest.param("12345678a", False, id="not digits"),
        pytest.param("000000000", False, id="all zeros never issued"),
        pytest.param("", False, id="empty"),
    ],
)
def test_bsn_eleven_check(value: str, valid: bool) -> None:
    assert is_valid_bsn(value) is valid
