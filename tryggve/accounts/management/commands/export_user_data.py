"""Everything stored about one staff user, as JSON, for a data-protection request (registerutdrag)."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tryggve.core.audit import record
from tryggve.core.models import AuditEntry

from ...personal_data import as_json


class Command(BaseCommand):
    help = "Write everything Tryggve stores about a staff user as JSON (to a file, or standard output)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--output", type=Path, help="File to write; standard output without it.")

    def handle(self, *args: Any, username: str, output: Path | None, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No staff user is called %(name)s.") % {"name": username})
        data = as_json(user)
        record(
            None,
            None,
            AuditEntry.Action.EXPORT,
            _("Exported everything stored about the user (export_user_data)"),
            user=user,
        )
        if output is None:
            self.stdout.write(data.decode())
        else:
            output.write_bytes(data)
            self.stderr.write(f"{output}: {len(data)} bytes")
