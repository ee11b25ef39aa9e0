"""FreeSWITCH / FusionPBX ``mod_json_cdr`` documents as records.

mod_json_cdr POSTs one JSON document per call leg at hangup: ``{"variables": {...},
"callflow": [...], ...}``. With ``encode-values`` (its default) every value is URL-encoded;
with ``encode=true`` the body is a form whose ``cdr`` field holds the JSON (``encode=base64``:
base64 JSON). All of these are read. The fields used (all from ``variables``):

- ``uuid`` → external id (required);
- ``start_uepoch`` / ``start_epoch`` (UTC epoch; else ``start_stamp`` in the source's zone),
  ``answer_epoch``, ``end_epoch``, ``duration``, ``billsec``;
- ``caller_id_number`` and ``destination_number`` (else the first callflow's caller profile);
- ``call_direction`` (FusionPBX: inbound / outbound / local; FreeSWITCH's own ``direction``
  is the channel's, not the call's, and is not used); default outbound;
- ``hangup_cause`` → disposition (ANSWERED when billsec > 0, BUSY, NO ANSWER or FAILED),
  ``hangup_cause_q850`` → hangup cause; ``accountcode``; ``sip_auth_username`` (the SIP user);
  ``domain_name`` (FusionPBX's tenant domain, for ``domain|extension`` owned numbers).

A B-leg document (it has ``originating_leg_uuid``) is not a call of its own and is skipped.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import urllib.parse
import zoneinfo
from typing import Any

from app.cdrs.csv_records import MAX_EXTERNAL_ID, MAX_NUMBER, MAX_SECONDS, ParsedCdr

BUSY = {"USER_BUSY", "CALL_REJECTED"}
NOT_ANSWERED = {"NO_ANSWER", "NO_USER_RESPONSE", "ORIGINATOR_CANCEL", "ALLOTTED_TIMEOUT"}
DIRECTIONS = {"inbound": "inbound", "outbound": "outbound", "local": "local"}


class RecordError(ValueError):
    """A document that is not a usable CDR; ``field`` names the offending member."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def decode_body(body: bytes, content_type: str) -> Any:
    """The JSON document of a mod_json_cdr POST (raw, form-encoded or base64)."""
    text = body.decode("utf-8", errors="replace").strip()
    if "x-www-form-urlencoded" in content_type or text.startswith("cdr="):
        fields = urllib.parse.parse_qs(text, keep_blank_values=True)
        text = (fields.get("cdr") or [""])[0].strip()
    if text and text[0] not in "{[":
        try:
            text = base64.b64decode(text, validate=True).decode("utf-8", errors="replace")
        except (binascii.Error, ValueError):
            raise RecordError("body", "neither JSON nor base64 JSON") from None
    try:
        return json.loads(text)
    except ValueError:
        raise RecordError("body", "not valid JSON") from None


def _value(variables: dict[str, Any], name: str) -> str:
    raw = variables.get(name)
    if raw is None:
        return ""
    return urllib.parse.unquote(str(raw)).strip()


def _seconds(variables: dict[str, Any], name: str, *, required: bool = False) -> int:
    text = _value(variables, name)
    if not text:
        if required:
            raise RecordError(f"variables.{name}", "missing")
        return 0
    if not text.isdigit() or int(text) > MAX_SECONDS:
        raise RecordError(f"variables.{name}", f"{text[:40]!r} is not a number of seconds")
    return int(text)


def _epoch(variables: dict[str, Any], name: str) -> datetime.datetime | None:
    text = _value(variables, name)
    if not text or text == "0":
        return None
    if not text.isdigit():
        raise RecordError(f"variables.{name}", f"{text[:40]!r} is not an epoch time")
    value = int(text)
    if name.endswith("uepoch"):
        value //= 1_000_000
    if not 0 < value < 4_102_444_800:  # before 2100
        raise RecordError(f"variables.{name}", "out of range")
    return datetime.datetime.fromtimestamp(value, datetime.UTC)


def _start(variables: dict[str, Any], zone: str) -> datetime.datetime:
    start = _epoch(variables, "start_uepoch") or _epoch(variables, "start_epoch")
    if start is not None:
        return start
    stamp = _value(variables, "start_stamp")
    if not stamp:
        raise RecordError("variables.start_epoch", "missing (and no start_stamp)")
    try:
        local = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        raise RecordError("variables.start_stamp", f"{stamp[:40]!r} is not a time") from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return local.astimezone(datetime.UTC)


def _profile(document: dict[str, Any]) -> dict[str, Any]:
    flow = document.get("callflow")
    first = flow[0] if isinstance(flow, list) and flow else flow
    profile = first.get("caller_profile") if isinstance(first, dict) else None
    return profile if isinstance(profile, dict) else {}


def _number(value: str, field: str) -> str:
    if len(value) > MAX_NUMBER or "\x00" in value:
        raise RecordError(field, f"at most {MAX_NUMBER} characters")
    return value


def _disposition(cause: str, billsec: int) -> str:
    if billsec:
        return "ANSWERED"
    if cause in BUSY:
        return "BUSY"
    return "NO ANSWER" if cause in NOT_ANSWERED else "FAILED"


def is_b_leg(document: Any) -> bool:
    variables = document.get("variables") if isinstance(document, dict) else None
    return isinstance(variables, dict) and bool(variables.get("originating_leg_uuid"))


def parse_document(document: Any, zone: str, line: int = 1) -> ParsedCdr:
    """One mod_json_cdr document as a record (``RecordError`` names a bad field)."""
    if not isinstance(document, dict) or not isinstance(document.get("variables"), dict):
        raise RecordError("variables", "a mod_json_cdr document has a variables object")
    variables: dict[str, Any] = document["variables"]
    external = _value(variables, "uuid")
    if not external or len(external) > MAX_EXTERNAL_ID:
        raise RecordError("variables.uuid", "missing or longer than 128 characters")
    profile = _profile(document)
    dialled = _value(variables, "destination_number") or str(
        profile.get("destination_number") or ""
    )
    if not dialled:
        raise RecordError("variables.destination_number", "missing")
    caller = _value(variables, "caller_id_number") or str(profile.get("caller_id_number") or "")
    start = _start(variables, zone)
    duration = _seconds(variables, "duration")
    billsec = _seconds(variables, "billsec")
    if billsec > duration:
        raise RecordError("variables.billsec", "longer than the duration")
    end = _epoch(variables, "end_epoch") or start + datetime.timedelta(seconds=duration)
    answered = (
        (_epoch(variables, "answer_epoch") or end - datetime.timedelta(seconds=billsec))
        if billsec
        else None
    )
    cause = _value(variables, "hangup_cause").upper()
    q850 = _value(variables, "hangup_cause_q850")
    direction = DIRECTIONS.get(_value(variables, "call_direction").lower(), "outbound")
    return ParsedCdr(
        line=line,
        external_id=external,
        started_at=start,
        answered_at=answered,
        ended_at=end,
        duration=duration,
        billable_seconds=billsec,
        caller_number=_number(caller, "variables.caller_id_number") or None,
        dialled_number=_number(dialled, "variables.destination_number"),
        disposition=_disposition(cause, billsec),
        direction=direction,  # type: ignore[arg-type]
        account_code=_value(variables, "accountcode")[:64] or None,
        sip_user=_value(variables, "sip_auth_username")[:64] or None,
        hangup_cause=int(q850) if q850.isdigit() and len(q850) < 4 else None,
        domain=_value(variables, "domain_name").lower()[:200] or None,
    )
