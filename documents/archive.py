"""The archive import: being written."""


def analyse_batch(batch_id: int) -> int:
    raise NotImplementedError


def import_batch(batch_id: int) -> dict:
    raise NotImplementedError
