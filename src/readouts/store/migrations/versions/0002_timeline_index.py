"""Timeline order from an index: events by (date, undated last), then id.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_events_timeline ON events (coalesce(date, '~'), id)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_events_timeline")
