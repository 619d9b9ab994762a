"""Many-to-many columns of an import: a cell lists names («учитель – учитель; ученик – ученик»), a record's links
become the listed objects — for new records and, in update mode, for the records the file changes."""

from .columns import chunked


class LinkFields:
    """The importer's many-to-many columns (mixed into :class:`~.importer.Importer`)."""

    #: Many-to-many fields whose column holds a list of names («учитель – учитель; ученик – ученик»): the
    #: registry's ``clean_row`` finds the named objects (an unknown name is an error of its row and column) and
    #: ``build`` leaves them in ``instance._links[field]``. A new record gets exactly those links; in update
    #: mode a record's links become the file's when the file has the column (a change of links alone is a
    #: change of the record). Written in the import's one transaction (:meth:`write_links`).
    link_fields: tuple[str, ...] = ()

    def current_links(self, records) -> dict:
        """{field: {record pk: {linked pks}}} of the :attr:`link_fields` whose column is in the file (one query
        per field and chunk, through the link table: the linked objects themselves are not loaded)."""
        pks = [r.pk for r in records]
        found = {}
        for column in self.columns:
            if column.field not in self.link_fields or column.key not in self.positions:
                continue
            field = self.model._meta.get_field(column.field)
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            links = found[column.field] = {}
            for chunk in chunked(pks):
                for source_id, target_id in through.objects.filter(**{f"{source}__in": chunk}).values_list(
                    source, target
                ):
                    links.setdefault(source_id, set()).add(target_id)
        return found

    def write_links(self, records: list):
        """The links of ``records`` in each of :attr:`link_fields` made exactly ``record._links[field]``: the
        stale ones deleted, the missing ones added — a few queries per file, not per row."""
        for name in self.link_fields:
            field = self.model._meta.get_field(name)
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            wanted = {r.pk: {o.pk for o in r._links[name]} for r in records if name in getattr(r, "_links", {})}
            stale, have = [], set()
            for chunk in chunked(wanted):
                links = through.objects.filter(**{f"{source}__in": chunk}).values_list("pk", source, target)
                for pk, source_id, target_id in links:
                    if target_id in wanted[source_id]:
                        have.add((source_id, target_id))
                    else:
                        stale.append(pk)
            for chunk in chunked(stale):
                through.objects.filter(pk__in=chunk).delete()
            through.objects.bulk_create(
                [through(**{source: s, target: t}) for s, ts in wanted.items() for t in ts if (s, t) not in have],
                batch_size=self.batch_size,
            )
