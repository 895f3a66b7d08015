"""The command line's `--help` in the interface language.

Click builds the help when it is shown, from texts given in English when the commands are
declared (a docstring, ``help=``, ``short_help=``, metavars) and its own words ("Usage:",
"Options:", "Show this message and exit.", "[default: …]"). The command classes here look each
of those up in the catalog at that moment, so ``inspect-tui --lang nl export --help`` (or the
app's language, or the locale's) is Dutch, and English stays the text of the code. Every
command of the tree uses these classes: groups hand them to their subcommands
(``command_class``, ``group_class``); a test walks the tree to make sure.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import click

from inspect_tui.i18n import N_, _

CLICK_WORDS = (
    N_("Usage: "),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("{prog}, version {version}"),
)
"""Click's own words in the help, said again here for the catalog."""

METAVARS = (
    N_("OPTIONS"),
    N_("COMMAND"),
    N_("ARGS"),
    N_("TEXT"),
    N_("INTEGER"),
    N_("INTEGER RANGE"),
    N_("FLOAT"),
    N_("FILE"),
    N_("PATH"),
    N_("DIRECTORY"),
    N_("BOOLEAN"),
)
"""The placeholders click itself writes for a value (``--out FILE``); those a command names
itself (``metavar=``, an argument's name) are found by the extractor."""

_PLACEHOLDER = re.compile(r"(?<![\w-])[A-Z][A-Z_]*(?: RANGE)?(?![\w-])")


def metavars(text: str) -> str:
    """The placeholders of a usage line or an option (``--out FILE``, ``TEMPLATE_ID``) translated."""
    return _PLACEHOLDER.sub(lambda m: _(m.group(0)), text)


def _extras(text: str) -> str:
    """Click's ``  [default: md; required]`` after an option's help, in the interface language."""
    match = re.fullmatch(r"(\s*)\[(.*)\]", text, flags=re.DOTALL)
    if match is None:
        return text
    items = []
    for item in match.group(2).split("; "):
        if item.startswith("default: "):
            item = _("default: {default}").format(default=item.removeprefix("default: "))
        elif item.startswith("env var: "):
            item = _("env var: {var}").format(var=item.removeprefix("env var: "))
        elif item == "required":
            item = _("required")
        items.append(item)
    return f"{match.group(1)}[{'; '.join(items)}]"


def param_help(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's or argument's row in the help: its spellings and placeholder, and its help."""
    record = param.get_help_record(ctx)
    if record is None:
        return None
    spec, shown = record
    own = inspect.cleandoc(getattr(param, "help", None) or "")
    shown = _(own) + _extras(shown[len(own) :]) if own and shown.startswith(own) else _extras(shown)
    return metavars(spec), shown


def short_help(help_text: str, limit: int) -> str:
    """The first sentence of a help text, cut at a word to ``limit`` characters."""
    first = help_text.split("\n\n", 1)[0].replace("\n", " ").strip()
    sentence = re.split(r"(?<=\.)\s", first, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 3].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}..."


class HelpCommand(click.Command):
    """A command whose help is in the interface language when it is shown."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = metavars(" ".join(self.collect_usage_pieces(ctx)))
        formatter.write_usage(ctx.command_path, pieces, prefix=_("Usage: "))

    def help_text(self) -> str:
        """The command's help, translated (up to a form feed, as click does)."""
        if not self.help:
            return ""
        return _(inspect.cleandoc(self.help).partition("\f")[0])

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = self.help_text()
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return _(inspect.cleandoc(self.short_help))
        return short_help(self.help_text(), limit)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments = [p for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        if any(getattr(a, "help", None) for a in arguments):
            rows = [row for a in arguments if (row := param_help(a, ctx)) is not None]
            with formatter.section(_("Positional arguments")):
                formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            row
            for param in self.get_params(ctx)
            if not isinstance(param, click.Argument) and (row := param_help(param, ctx)) is not None
        ]
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(inspect.cleandoc(self.epilog)))


class HelpGroup(HelpCommand, click.Group):
    """A group whose help (and its list of commands) is in the interface language; its
    subcommands and subgroups get the same classes."""

    command_class = HelpCommand
    group_class = type  # a subgroup is of the group's own class

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        HelpCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _c in commands)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])


def _show_version(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
    if not value or ctx.resilient_parsing:
        return
    from inspect_tui import __version__

    click.echo(_("{prog}, version {version}").format(prog="inspect-tui", version=__version__))
    ctx.exit()


version_option = click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
"""``--version``, saying it in the interface language."""
