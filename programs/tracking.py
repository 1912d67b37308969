"""What PostgreSQL records of every change, and the version number every edit is checked against.

Both are triggers, installed by migrations, so that no write path can skip them: a form, the
spreadsheet import, the admin, a management command, the worker or a future script.

- `tracked` records each insert, real update and delete of a model in its event table
  (django-pghistory), with the request's user or the command's name attached as context.
- `versioned` bumps `version` on every UPDATE; an edit form carries the version it was built
  from, and the service refuses a save based on an older one (optimistic locking).
"""

import functools

import pghistory
import pgtrigger

# Columns that change on every save without saying anything about the record.
QUIET_FIELDS = ("version", "updated_at")


def tracked(*, exclude: tuple[str, ...] = (), app_label: str | None = None, name: str = ""):
    """Record every change of the decorated model by trigger."""

    def wrap(model):
        present = {field.name for field in model._meta.fields}
        quiet = [field for field in QUIET_FIELDS if field in present and field not in exclude]
        update = (
            pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=quiet))
            if quiet
            else pghistory.UpdateEvent()
        )
        return pghistory.track(
            pghistory.InsertEvent(),
            update,
            pghistory.DeleteEvent(),
            exclude=list(exclude) or None,
            app_label=app_label,
            model_name=name or None,
        )(model)

    return wrap


def versioned(model):
    """Bump the decorated model's `version` on every UPDATE, whoever runs it."""
    return pgtrigger.register(
        pgtrigger.Trigger(
            name="bump_version",
            operation=pgtrigger.Update,
            when=pgtrigger.Before,
            func="NEW.version := OLD.version + 1; RETURN NEW;",
        )
    )(model)


def acting(actor, action: str, **extra):
    """Label the changes a service makes: what the action was, who did it, and why.

    Inside a request the middleware already names the user; commands and the worker call
    services without one, so the actor is named here too."""
    who = {}
    if actor is not None and getattr(actor, "is_authenticated", False):
        who = {"user": actor.pk, "username": actor.get_username()}
    return pghistory.context(action=action, **who, **extra)


def recorded_command(handle):
    """Label every change a management command makes with the command's name, as one entry
    of the history (a command has no user; long-running ones such as the worker label each
    task instead)."""

    @functools.wraps(handle)
    def wrapper(self, *args, **options):
        with pghistory.context(command=type(self).__module__.rsplit(".", 1)[-1]):
            return handle(self, *args, **options)

    return wrapper
