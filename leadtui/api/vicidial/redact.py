"""Keep the API password out of every string leadtui shows, logs or stores.

VICIdial echoes the (filtered) password in its failed-login line. That line is
redacted by its structure; every other text that leaves the API layer in an
error (raw bodies, messages) has each form of the password masked too. Lead
data is never redacted: a password such as ``1234`` also occurs in phone
numbers, and masking it there would corrupt what the operator sees.
"""

from __future__ import annotations

import re

MASK = "********"

_LOGIN_LINE = re.compile(
    r"^(ERROR: Login incorrect, please try again: \|[^|\n]*\|)[^\n]*?(\|(?:BAD|2FA)\|)$",
    re.M,
)


def server_filtered(password: str) -> str:
    """The password as the server sees and echoes it (only ``[-_0-9a-zA-Z]`` kept)."""
    return re.sub(r"[^-_0-9a-zA-Z]", "", password)


class Redactor:
    """Replaces every known secret, and the failed-login line's password slot."""

    def __init__(self, *secrets: str) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if secret:
                forms.add(secret)
                filtered = server_filtered(secret)
                if len(filtered) >= 3:
                    forms.add(filtered)
        # longest first, so a secret containing another is masked whole
        self._forms = sorted(forms, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = _LOGIN_LINE.sub(rf"\1{MASK}\2", text)
        for form in self._forms:
            text = text.replace(form, MASK)
        return text
