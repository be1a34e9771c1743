-- relation: main.sent_messages
-- reads: main.messages
-- materialize: view
-- sent_messages: the messages the member sent, drafts left out: the one definition of "a message the member
-- sent" that analyses, charts and notebooks read (docs/schema.md). A view: readers inline it.
CREATE OR REPLACE VIEW sent_messages AS
SELECT * FROM messages WHERE is_from_me AND NOT coalesce(is_draft, false);
