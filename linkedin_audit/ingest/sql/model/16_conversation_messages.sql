-- relation: main.conversation_messages
-- reads: main.messages
-- materialize: view
-- conversation_messages: the messages of the conversations, either way, drafts left out (and messages without
-- a conversation: some drafts): the one definition of "a conversation's messages" that analyses, the network
-- queries and the report read (docs/schema.md). System lines and rows without a time stay; a reader that
-- leaves them out says so. A view: readers inline it.
CREATE OR REPLACE VIEW conversation_messages AS
SELECT * FROM messages WHERE NOT coalesce(is_draft, false) AND conversation_id IS NOT NULL;
