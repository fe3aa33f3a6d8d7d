"""`cpts token create|list|revoke`: API tokens (docs/api.md). The clear token is shown once, only its hash is kept."""

from __future__ import annotations

import argparse
from typing import Any

from cpts.commands.manage import setup_django
from cpts.commands.options import print_json


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("token", help="jetons d'accès à l'API")
    actions = command.add_subparsers(dest="action", required=True, parser_class=type(command))
    create = actions.add_parser("create", help="créer un jeton pour un utilisateur et une de ses organisations")
    create.add_argument("username", help="identifiant de l'utilisateur")
    create.add_argument("--organisation", type=int, help="numéro de l'organisation (défaut : sa seule organisation)")
    create.add_argument("--name", default="jeton CLI", help="nom du jeton (usage)")
    create.add_argument("--json", action="store_true", help="sortie JSON")
    create.set_defaults(func=create_token)
    listing = actions.add_parser("list", help="lister les jetons d'un utilisateur")
    listing.add_argument("username")
    listing.set_defaults(func=list_tokens)
    revoke = actions.add_parser("revoke", help="révoquer un jeton")
    revoke.add_argument("token_id", type=int, help="numéro du jeton (voir « list »)")
    revoke.set_defaults(func=revoke_token)


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValueError(f"utilisateur inconnu : « {username} »")
    return user


def create_token(args: argparse.Namespace) -> int:
    setup_django()
    from cpts.api.models import ApiToken

    user = _user(args.username)
    memberships = user.memberships.select_related("organisation")
    if args.organisation is not None:
        memberships = memberships.filter(organisation_id=args.organisation)
    organisations = [membership.organisation for membership in memberships]
    if len(organisations) != 1:
        choices = ", ".join(f"{m.organisation_id} ({m.organisation})" for m in user.memberships.all()) or "aucune"
        raise ValueError(f"précisez --organisation parmi les organisations de {args.username} : {choices}")
    token, clear = ApiToken.issue(user, organisations[0], args.name)
    if args.json:
        print_json({"id": token.pk, "organisation": organisations[0].pk, "token": clear})
    else:
        print(f"Jeton n° {token.pk} pour {args.username} ({organisations[0]}) — affiché une seule fois :")
        print(clear)
        print("En-tête à envoyer : Authorization: Bearer <jeton>")
    return 0


def list_tokens(args: argparse.Namespace) -> int:
    setup_django()
    for token in _user(args.username).api_tokens.select_related("organisation"):
        state = f"révoqué le {token.revoked_at:%d/%m/%Y}" if token.revoked_at else "actif"
        print(f"{token.pk:>5}  {token.name}  {token.organisation}  créé le {token.created_at:%d/%m/%Y}  {state}")
    return 0


def revoke_token(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import timezone

    from cpts.api.models import ApiToken

    updated = ApiToken.objects.filter(pk=args.token_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise ValueError(f"aucun jeton actif n° {args.token_id}")
    print(f"Jeton n° {args.token_id} révoqué.")
    return 0
