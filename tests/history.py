"""Reading the history PostgreSQL records, for assertions."""

from programs.history import event_model


def events(model, **filters):
    """The recorded events of a model's rows, oldest first, with their context."""
    return (
        event_model(model)
        .objects.filter(**filters)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )


def actions(obj) -> list[str]:
    """What the recorded changes of one record were called, oldest first."""
    return [
        (event.pgh_context.metadata.get("action") if event.pgh_context else None)
        for event in events(type(obj), pgh_obj=obj)
    ]


def context(event) -> dict:
    return event.pgh_context.metadata if event.pgh_context else {}
