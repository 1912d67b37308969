"""What PostgreSQL records of every change, and the version number every edit is checked against.

Both are triggers, installed by migrations, so that no write path can skip them: a form, the
spreadsheet import, the admin, a management command, the worker or a future script.

- `tracked` records each insert, real update and delete of a model in its event table
  (django-pghistory), with the request's user or the command's name attached as context.
- `versioned` bumps `version` on every UPDATE; an edit form carries the version it was built
  from, and the service refuses a save based on an older one (optimistic locking).
"""

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


def prepare_bulk_write() -> None:
    """Make a many-row write in the current transaction cost what it should.

    pgtrigger's triggers read the `pgtrigger.ignore` setting inside an exception block, which
    catches an error when the setting is undefined. Each caught error aborts a subtransaction,
    and PostgreSQL's cost for that grows with the foreign-key checks already queued (Django
    defers them to the commit): 10,000 new values took 4–7 s to insert instead of about one.
    Defining the setting as "ignore nothing" for the transaction avoids the error."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
