"""Typed errors for every way a Non-Agent API call can fail.

Every error carries the response text it came from (``raw``, already redacted)
and explains itself in words an operator understands (``explain()``).
``outcome_known`` tells callers whether the server may have applied a write.
"""

from __future__ import annotations


class VicidialError(Exception):
    """A Non-Agent API call did not do what was asked."""

    #: False when the server may or may not have applied the request.
    outcome_known: bool = True
    #: True when sending the same request again cannot help.
    permanent: bool = True

    def __init__(self, message: str, *, raw: str = "", status: int = 200) -> None:
        super().__init__(message)
        self.message = message
        self.raw = raw
        self.status = status

    def explain(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.explain()


# --- transport -------------------------------------------------------------


class ConnectionFailed(VicidialError):
    """The request never reached the server (refused, DNS, TLS): nothing was done."""

    permanent = False


class OutcomeUnknown(VicidialError):
    """The request may have been applied: 5xx, reset after sending, timeout.

    ``partial`` holds whatever lines the server printed before it failed.
    """

    outcome_known = False
    permanent = False

    def __init__(
        self, message: str, *, raw: str = "", status: int = 0, partial: str = ""
    ) -> None:
        super().__init__(message, raw=raw, status=status)
        self.partial = partial

    def explain(self) -> str:
        return (
            f"{self.message} The server may or may not have applied the change; "
            "re-read the lead before trying again."
        )


class UnrecognisedResponse(VicidialError):
    """The body is not any line the Non-Agent API prints."""

    outcome_known = False

    def explain(self) -> str:
        shown = self.raw if len(self.raw) <= 300 else self.raw[:300] + "…"
        return f"{self.message}: {shown!r}"


class EmptyResponse(VicidialError):
    """An empty body where the function always prints something."""

    outcome_known = False


class DatabaseUnavailable(VicidialError):
    """``MySQL connect ERROR``: the dialer's web server cannot reach its database."""

    permanent = False


# --- authentication ----------------------------------------------------------


class LoginFailed(VicidialError):
    """Wrong user or password, inactive user, user level below 7, or 2FA required.

    Never retried: ten failures lock the account, web login included.
    """

    def __init__(
        self, message: str, *, user: str, reason: str, raw: str = "", status: int = 200
    ) -> None:
        super().__init__(message, raw=raw, status=status)
        self.user = user
        self.reason = reason

    def explain(self) -> str:
        if self.reason == "2FA":
            return (
                f"Login refused for user {self.user}: two-factor authentication is "
                "required for API calls on this dialer."
            )
        return (
            f"Login refused for user {self.user}: wrong user or password, the user is "
            "inactive, or its user level is below 7. leadtui does not retry: ten "
            "failures lock the account for 15 minutes (web login included)."
        )


class AccountLocked(VicidialError):
    def __init__(self, message: str, *, user: str, raw: str = "") -> None:
        super().__init__(message, raw=raw)
        self.user = user

    def explain(self) -> str:
        return (
            f"User {self.user} is locked after too many failed logins; "
            "try again in 15 minutes."
        )


class IpBlocked(VicidialError):
    def __init__(self, message: str, *, ip: str, raw: str = "") -> None:
        super().__init__(message, raw=raw)
        self.ip = ip

    def explain(self) -> str:
        return (
            f"The dialer refuses API calls from {self.ip}: add it to the user "
            "group's API IP list."
        )


class UserGroupMissing(VicidialError):
    pass


# --- authorisation -----------------------------------------------------------


class InvalidSource(VicidialError):
    def explain(self) -> str:
        return (
            "The dialer refused the 'source' label: it must hold at least two "
            "letters or digits."
        )


class FunctionNotAllowed(VicidialError):
    """``api_allowed_functions`` of the user does not list the function."""

    def __init__(self, message: str, *, user: str, function: str, raw: str) -> None:
        super().__init__(message, raw=raw)
        self.user = user
        self.function = function

    def explain(self) -> str:
        return (
            f"User {self.user} may not call {self.function}: add it to the user's "
            "'API Allowed Functions' (or ALL_FUNCTIONS)."
        )


#: What each function's permission query needs (protocol reference §3.4).
PERMISSION_NEEDS: dict[str, str] = {
    "update_lead": (
        "user level 8 or more, 'Modify Leads' 1-4 and 'Agent API Access' = 1"
    ),
    "batch_update_lead": (
        "user level 8 or more, 'Modify Leads' 1-4 and 'Agent API Access' = 1"
    ),
    "lead_search": (
        "user level 8 or more, 'Modify Leads' 1-5 and 'Agent API Access' = 1"
    ),
    "lead_all_info": (
        "user level 7 or more, 'Modify Leads' 1-5, 'View Reports' = 1 and "
        "'Agent API Access' = 1"
    ),
    "lead_field_info": (
        "user level 7 or more, 'Modify Leads' 1-4 and 'Agent API Access' = 1"
    ),
    "lead_callback_info": (
        "user level 7 or more, 'View Reports' = 1 and 'Agent API Access' = 1"
    ),
    "list_info": "user level 8 or more, 'Modify Lists' = 1 and 'Agent API Access' = 1",
    "list_custom_fields": (
        "user level 8 or more, 'Modify Lists' = 1 and 'Agent API Access' = 1"
    ),
    "campaigns_list": (
        "user level 8 or more, 'View Reports' = 1 and 'Agent API Access' = 1"
    ),
    "add_dnc_phone": "user level 8 or more and 'Modify Lists' = 1",
    "check_phone_number": "user level 8 or more and 'Agent API Access' = 1",
    "delete_dnc_phone": (
        "user level 8 or more, 'Modify Lists' = 1 and 'Delete From DNC Lists' = 1"
    ),
}


class PermissionDenied(VicidialError):
    """The user's permission row does not allow the function."""

    def __init__(self, message: str, *, user: str, function: str, raw: str) -> None:
        super().__init__(message, raw=raw)
        self.user = user
        self.function = function

    @property
    def needs(self) -> str:
        return PERMISSION_NEEDS.get(self.function, "more user permissions")

    def explain(self) -> str:
        return f"User {self.user} may not use {self.function}: it needs {self.needs}."


class NotAllowedList(VicidialError):
    """``api_list_restrict``: the list belongs to a campaign the user may not touch.

    ``stage`` is SEARCH, RESULTS, INSERT or TARGET (a batch's list_id_field).
    """

    def __init__(self, message: str, *, list_id: str, stage: str, raw: str) -> None:
        super().__init__(message, raw=raw)
        self.list_id = list_id
        self.stage = stage

    def explain(self) -> str:
        what = {
            "SEARCH": "search in",
            "RESULTS": "change leads of",
            "INSERT": "add leads to",
            "TARGET": "move leads to",
        }.get(self.stage, "use")
        return (
            f"This API user may not {what} list {self.list_id}: its campaign is not "
            "in the user group's allowed campaigns."
        )


# --- request / data ----------------------------------------------------------


class NoMatches(VicidialError):
    """No lead matched the search (or none of the batch's IDs exist)."""

    def __init__(self, message: str, *, key: str = "", raw: str = "") -> None:
        super().__init__(message, raw=raw)
        self.key = key

    def explain(self) -> str:
        return f"No lead matches {self.key}." if self.key else "No lead matches."


class NoValidSearchMethod(VicidialError):
    def explain(self) -> str:
        return (
            "The search has no usable key: give a lead ID, a vendor code, or a "
            "phone number of 6 to 18 digits."
        )


class ListNotDefined(VicidialError):
    """``list_exists_check``: the target list does not exist."""

    def __init__(self, message: str, *, list_id: str, raw: str) -> None:
        super().__init__(message, raw=raw)
        self.list_id = list_id

    def explain(self) -> str:
        return f"List {self.list_id} does not exist on the dialer; nothing was changed."


class NoLeadsDefined(VicidialError):
    def explain(self) -> str:
        return "No lead IDs were given."


class LeadNotFound(VicidialError):
    def explain(self) -> str:
        return "The lead was not found."


class ListNotFound(VicidialError):
    """The lead's list is missing or belongs to a campaign the user cannot view."""

    def explain(self) -> str:
        return (
            "The lead's list does not exist or its campaign is not among the "
            "user group's allowed campaigns."
        )


class FieldNotFound(VicidialError):
    pass


class InvalidParameters(VicidialError):
    pass


class InvalidInsertData(VicidialError):
    def explain(self) -> str:
        return (
            "The dialer refused to insert the lead: it needs a phone number of 6 to "
            "18 digits, a phone code and a list ID of at least 3 digits."
        )


class NoFunctionSpecified(VicidialError):
    pass


class CustomFieldsDisabled(VicidialError):
    pass


class RequestRefused(VicidialError):
    """A request leadtui will not send because the server would mangle or crash on it.

    Raised before anything leaves the machine.
    """

    def explain(self) -> str:
        return f"Not sent: {self.message}"
