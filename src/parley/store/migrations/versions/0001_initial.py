"""Initial schema: articles (story ids, MinHash band keys), figures, quotes, positions, events, loaded terms.

Revision ID: 0001
Revises: 
Create Date: 2025-11-23
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('language', sa.Text(), nullable=True),
    sa.Column('published_date', sa.Text(), nullable=True),
    sa.Column('published_inferred', sa.Boolean(), nullable=False),
    sa.Column('published_confidence', sa.Float(), nullable=False),
    sa.Column('published_evidence', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('story_id', sa.String(length=64), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=False),
    sa.Column('key64', sa.BigInteger(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_key64'), ['key64'], unique=True)
        batch_op.create_index(batch_op.f('ix_articles_published_date'), ['published_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_story_id'), ['story_id'], unique=False)

    op.create_table('article_bands',
    sa.Column('key', sa.BigInteger(), nullable=False),
    sa.Column('article_key', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'article_key', name=op.f('pk_article_bands')),
    sqlite_with_rowid=False
    )
    op.create_table('events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('mode', sa.Text(), nullable=True),
    sa.Column('actor_name', sa.Text(), nullable=True),
    sa.Column('actor_code', sa.Text(), nullable=True),
    sa.Column('actor_sector', sa.Text(), nullable=True),
    sa.Column('recipient_name', sa.Text(), nullable=True),
    sa.Column('recipient_code', sa.Text(), nullable=True),
    sa.Column('recipient_sector', sa.Text(), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('place_country', sa.Text(), nullable=True),
    sa.Column('place_lat', sa.Float(), nullable=True),
    sa.Column('place_lon', sa.Float(), nullable=True),
    sa.Column('place_precision', sa.Integer(), nullable=True),
    sa.Column('date_value', sa.Text(), nullable=True),
    sa.Column('date_precision', sa.Text(), nullable=True),
    sa.Column('date_expression', sa.Text(), nullable=True),
    sa.Column('modality', sa.Text(), nullable=False),
    sa.Column('extractor', sa.Text(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('extra_evidence', sa.JSON(), nullable=False),
    sa.Column('corpus_key', sa.String(length=24), nullable=False),
    sa.Column('type_code', sa.Text(), nullable=False),
    sa.Column('actor_norm', sa.Text(), nullable=False),
    sa.Column('actor_code_norm', sa.Text(), nullable=False),
    sa.Column('recipient_norm', sa.Text(), nullable=False),
    sa.Column('recipient_code_norm', sa.Text(), nullable=False),
    sa.Column('place_norm', sa.Text(), nullable=False),
    sa.Column('country_norm', sa.Text(), nullable=False),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('date_sort', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_events_article_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_actor_code_norm_date_sort'), ['actor_code_norm', 'date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_actor_norm_date_sort'), ['actor_norm', 'date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_article_id_idx'), ['article_id', 'idx'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_corpus_key'), ['corpus_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_country_norm_date_sort'), ['country_norm', 'date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_date_sort_corpus_key'), ['date_sort', 'corpus_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_place_norm_date_sort'), ['place_norm', 'date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_recipient_code_norm_date_sort'), ['recipient_code_norm', 'date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_recipient_norm_date_sort'), ['recipient_norm', 'date_sort'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_type_code_date_sort_corpus_key'), ['type_code', 'date_sort', 'corpus_key'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('qualifier', sa.Text(), nullable=False),
    sa.Column('group_name', sa.Text(), nullable=True),
    sa.Column('claimed_by', sa.Text(), nullable=True),
    sa.Column('location', sa.Text(), nullable=True),
    sa.Column('date', sa.Text(), nullable=True),
    sa.Column('since', sa.Text(), nullable=True),
    sa.Column('running_total', sa.Boolean(), nullable=False),
    sa.Column('part_of', sa.Integer(), nullable=True),
    sa.Column('extractor', sa.Text(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('ledger_key', sa.String(length=24), nullable=False),
    sa.Column('group_norm', sa.Text(), nullable=False),
    sa.Column('place_norm', sa.Text(), nullable=False),
    sa.Column('period_kind', sa.Text(), nullable=False),
    sa.Column('period_sort', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_figures_article_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figures'))
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_article_id_idx'), ['article_id', 'idx'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_category_period_sort_ledger_key'), ['category', 'period_sort', 'ledger_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_period_sort_ledger_key'), ['period_sort', 'ledger_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_place_norm_period_sort'), ['place_norm', 'period_sort'], unique=False)

    op.create_table('loaded_terms',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('term', sa.Text(), nullable=False),
    sa.Column('in_quote', sa.Boolean(), nullable=False),
    sa.Column('category', sa.Text(), nullable=True),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_loaded_terms_article_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loaded_terms'))
    )
    with op.batch_alter_table('loaded_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loaded_terms_article_id_idx'), ['article_id', 'idx'], unique=False)

    op.create_table('positions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('party', sa.Text(), nullable=False),
    sa.Column('stance', sa.Text(), nullable=False),
    sa.Column('issue', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('reported_by', sa.Text(), nullable=True),
    sa.Column('negated', sa.Boolean(), nullable=False),
    sa.Column('condition', sa.Text(), nullable=True),
    sa.Column('extractor', sa.Text(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_positions_article_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_positions'))
    )
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_positions_article_id_idx'), ['article_id', 'idx'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.String(length=64), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('speaker_role', sa.Text(), nullable=True),
    sa.Column('speaker_affiliation', sa.Text(), nullable=True),
    sa.Column('speaker_anonymous', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('cue', sa.Text(), nullable=True),
    sa.Column('extractor', sa.Text(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_quotes_article_id'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_article_id_idx'), ['article_id', 'idx'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_article_id_idx'))

    op.drop_table('quotes')
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_positions_article_id_idx'))

    op.drop_table('positions')
    with op.batch_alter_table('loaded_terms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loaded_terms_article_id_idx'))

    op.drop_table('loaded_terms')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_place_norm_period_sort'))
        batch_op.drop_index(batch_op.f('ix_figures_period_sort_ledger_key'))
        batch_op.drop_index(batch_op.f('ix_figures_category_period_sort_ledger_key'))
        batch_op.drop_index(batch_op.f('ix_figures_article_id_idx'))

    op.drop_table('figures')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_type_code_date_sort_corpus_key'))
        batch_op.drop_index(batch_op.f('ix_events_recipient_norm_date_sort'))
        batch_op.drop_index(batch_op.f('ix_events_recipient_code_norm_date_sort'))
        batch_op.drop_index(batch_op.f('ix_events_place_norm_date_sort'))
        batch_op.drop_index(batch_op.f('ix_events_date_sort_corpus_key'))
        batch_op.drop_index(batch_op.f('ix_events_country_norm_date_sort'))
        batch_op.drop_index(batch_op.f('ix_events_corpus_key'))
        batch_op.drop_index(batch_op.f('ix_events_article_id_idx'))
        batch_op.drop_index(batch_op.f('ix_events_actor_norm_date_sort'))
        batch_op.drop_index(batch_op.f('ix_events_actor_code_norm_date_sort'))

    op.drop_table('events')
    op.drop_table('article_bands')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_story_id'))
        batch_op.drop_index(batch_op.f('ix_articles_published_date'))
        batch_op.drop_index(batch_op.f('ix_articles_key64'))

    op.drop_table('articles')
