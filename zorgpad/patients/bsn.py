"""Dutch citizen service number (BSN) check. Pure: no Django."""


def is_valid_bsn(value: str) -> bool:
    """The BSN 11-check: 9 digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11.

    An all-zero number passes the arithmetic but is never issued, so it is refused.
    """
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
    return total % 11 == 0
