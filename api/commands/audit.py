"""`kith audit verify`: check the audit trail's keyed chain against its signed checkpoints."""

import typer

from api.commands.console import err, out, security_or_exit, settings_or_exit
from api.security.audit import AuditUnavailable, audit_files
from api.security.audit.verify import report, verify

audit_app = typer.Typer(help="Check the audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check every line's keyed hash and the signed checkpoints; name the first bad line."""
    try:
        files = audit_files(security_or_exit(), settings_or_exit().data_dir)
    except AuditUnavailable as refusal:
        err.print(f"[red]cannot verify:[/] {refusal}")
        raise typer.Exit(2) from refusal
    verdict = verify(files)
    (out if verdict.ok else err).print(report(verdict, files), highlight=False, markup=False)
    if not verdict.ok:
        raise typer.Exit(1)
