"""Search finds what a reader means: every document's vectors computed again.

The vectors now carry the names of the document's thematic areas (both languages) and
of its publishing organizations (names and acronyms), and all their text is
accent-folded (``powg.search.fold_sql``: NFKD, combining marks removed). The SQL is frozen here as it was written;
``documents.search_vectors`` is the living definition.
"""

from django.db import migrations

REFRESH = "UPDATE documents_document AS d SET search_vector = setweight(to_tsvector((CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, regexp_replace(normalize(d.title, NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')), 'A') || setweight(to_tsvector((CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, regexp_replace(normalize(d.subtitle || ' ' || d.summary, NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')), 'B') || setweight(to_tsvector((CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, regexp_replace(normalize(coalesce(( SELECT string_agg(a.name || ' ' || a.name_fr, ' ') FROM documents_themeddocument td JOIN documents_thematicarea a ON a.id = td.tag_id WHERE td.content_object_id = d.id), '') || ' ' || coalesce(( SELECT string_agg(o.name || ' ' || o.acronym, ' ') FROM documents_document_publishing_organizations p JOIN members_organization o ON o.id = p.organization_id WHERE p.document_id = d.id), ''), NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')), 'B') || setweight(to_tsvector((CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, regexp_replace(normalize(left(d.body, 400000) || ' ' || left(d.file_text, 400000) || ' ' || coalesce(( SELECT string_agg(t.name, ' ') FROM documents_keywordeddocument k JOIN taggit_tag t ON t.id = k.tag_id WHERE k.content_object_id = d.id), ''), NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')), 'C'), rank_vector = setweight(to_tsvector((CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, regexp_replace(normalize(d.title, NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')), 'A') || setweight(to_tsvector((CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, regexp_replace(normalize(d.subtitle || ' ' || d.summary, NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')), 'B') || setweight(to_tsvector((CASE d.language WHEN 'fr' THEN 'french' ELSE 'english' END)::regconfig, regexp_replace(normalize(coalesce(( SELECT string_agg(a.name || ' ' || a.name_fr, ' ') FROM documents_themeddocument td JOIN documents_thematicarea a ON a.id = td.tag_id WHERE td.content_object_id = d.id), '') || ' ' || coalesce(( SELECT string_agg(o.name || ' ' || o.acronym, ' ') FROM documents_document_publishing_organizations p JOIN members_organization o ON o.id = p.organization_id WHERE p.document_id = d.id), ''), NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')), 'C'), theme_ids = ARRAY( SELECT tag_id FROM documents_themeddocument WHERE content_object_id = d.id ORDER BY tag_id), organization_ids = ARRAY( SELECT organization_id FROM documents_document_publishing_organizations WHERE document_id = d.id ORDER BY organization_id)"


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_theme_ids_gin"),
        ("members", "0001_initial"),
    ]

    operations = [migrations.RunSQL(REFRESH, migrations.RunSQL.noop)]
