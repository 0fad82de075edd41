"""Who is calling: bearer tokens (JWT) and API keys, checked before any resolver runs."""

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

import jwt

from api.security.settings import SecuritySettings
from graph.codes import ViewChannel


class Role(StrEnum):
    """What a caller does at the bank; the policy decides what each role may see."""

    RELATIONSHIP_MANAGER = "RELATIONSHIP_MANAGER"
    BRANCH_OFFICER = "BRANCH_OFFICER"
    CONTACT_CENTER_AGENT = "CONTACT_CENTER_AGENT"
    MARKETING_ANALYST = "MARKETING_ANALYST"
    CARE_AGENT = "CARE_AGENT"
    ADMINISTRATOR = "ADMINISTRATOR"


# Where the caller works: the view channels plus the back office (marketing, care, admin).
CHANNELS: Final = frozenset({*ViewChannel, "BACK_OFFICE"})
_ALGORITHMS: Final = {"secret": ["HS256"], "public": ["RS256", "ES256"]}


class Unauthenticated(Exception):
    """The request proves no identity Kith accepts; the message says what was wrong."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller."""

    user: str
    role: Role
    channel: str
    portfolio: str | None = None  # relationship managers: the portfolio they serve
    verified_customer: str | None = None  # contact center: the customer verified on the call
    service_account: bool = False


@dataclass(frozen=True, slots=True)
class Keyring:
    """The keys that verify tokens, and the API keys' digests."""

    key: str | bytes
    algorithms: tuple[str, ...]
    issuer: str
    audience: str
    settings: SecuritySettings


def dev_key_path(data_dir: Path) -> Path:
    """Where development mode keeps its local signing key."""
    return data_dir / "dev-signing.key"


def keyring_for(settings: SecuritySettings, data_dir: Path) -> Keyring:
    """The verification keys; development falls back to a local key, production refuses."""
    if settings.jwt_public_key:
        key: str | bytes = settings.jwt_public_key
        algorithms = _ALGORITHMS["public"]
    elif settings.jwt_secret is not None:
        key, algorithms = settings.jwt_secret.get_secret_value(), _ALGORITHMS["secret"]
    elif settings.production:
        raise Unauthenticated(
            "production mode needs KITH_JWT_SECRET or KITH_JWT_PUBLIC_KEY: refusing to start"
        )
    else:
        key, algorithms = _dev_key(data_dir), _ALGORITHMS["secret"]
    return Keyring(key, tuple(algorithms), settings.jwt_issuer, settings.jwt_audience, settings)


def _dev_key(data_dir: Path) -> bytes:
    path = dev_key_path(data_dir)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32), encoding="ascii")
    return path.read_text(encoding="ascii").strip().encode()


def issue_token(
    keyring: Keyring, *, user: str, role: Role, channel: str, minutes: int = 480,
    portfolio: str | None = None, customer: str | None = None,
) -> str:  # fmt: skip
    """Sign a token with the development key (the bank's own issuer does this in production)."""
    if keyring.algorithms != tuple(_ALGORITHMS["secret"]):
        raise Unauthenticated("only a shared-secret keyring can issue tokens")
    now = int(time.time())
    claims = {
        "sub": user, "role": role.value, "channel": channel, "iat": now,
        "exp": now + minutes * 60, "iss": keyring.issuer, "aud": keyring.audience,
    }  # fmt: skip
    if portfolio:
        claims["portfolio"] = portfolio
    if customer:
        claims["customer"] = customer
    return jwt.encode(claims, keyring.key, algorithm="HS256")


def authenticate(keyring: Keyring, authorization: str | None, api_key: str | None) -> Principal:
    """The caller behind an `Authorization: Bearer` token or an `X-API-Key`."""
    if api_key:
        return _service_account(keyring.settings, api_key)
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("send Authorization: Bearer <token> or X-API-Key")
    try:
        claims = jwt.decode(
            token, keyring.key, algorithms=list(keyring.algorithms), audience=keyring.audience,
            issuer=keyring.issuer, options={"require": ["exp", "sub", "iss", "aud"]},
        )  # fmt: skip
    except jwt.ExpiredSignatureError as error:
        raise Unauthenticated("the token has expired") from error
    except jwt.InvalidTokenError as error:
        raise Unauthenticated(f"the token is not valid: {error}") from error
    return _principal(claims)


def _principal(claims: dict[str, object]) -> Principal:
    role, channel = claims.get("role"), claims.get("channel")
    if role not in Role.__members__:
        raise Unauthenticated(f"the token's role must be one of {', '.join(Role)}")
    if channel not in CHANNELS:
        raise Unauthenticated(f"the token's channel must be one of {', '.join(sorted(CHANNELS))}")
    portfolio, customer = claims.get("portfolio"), claims.get("customer")
    if role == Role.RELATIONSHIP_MANAGER and not isinstance(portfolio, str):
        raise Unauthenticated("a relationship manager's token must name their portfolio")
    return Principal(
        user=str(claims["sub"]), role=Role(str(role)), channel=str(channel),
        portfolio=portfolio if isinstance(portfolio, str) else None,
        verified_customer=customer if isinstance(customer, str) else None,
    )  # fmt: skip


def _service_account(settings: SecuritySettings, api_key: str) -> Principal:
    digest = hashlib.sha256(api_key.encode()).hexdigest()
    for known, account in settings.api_keys.items():
        if hmac.compare_digest(known, digest):
            if account.role not in Role.__members__ or account.channel not in CHANNELS:
                raise Unauthenticated(f"API key {account.name!r} is configured with a bad role")
            return Principal(account.name, Role(account.role), account.channel, None, None, True)
    raise Unauthenticated("the API key is not known")
