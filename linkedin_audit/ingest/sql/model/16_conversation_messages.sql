-- relation: main.conversation_messages
-- reads: main.messages
-- materialize: view
-- conversation_messages: the messages of the conversations, either way, drafts left out (and messages without
-- a conversation: some drafts): the one definition of "a conversation's messages" that analyses, the network
-- queries and the report read (docs/schema.md). System lines (flagged: is_system_line, their one definition)
-- and rows without a time stay; a reader that leaves them out says so. A view: readers inline it.
CREATE OR REPLACE VIEW conversation_messages AS
SELECT *,
       -- a system line: LinkedIn's own ("Message request accepted") or a deleted account's, nobody's message
       (sender_name IS NULL AND sender_url_key IS NULL AND sender_person_id IS NULL
        AND NOT coalesce(is_from_me, false) AND NOT coalesce(is_sponsored, false)
        AND NOT coalesce(is_hidden_sender, false)) AS is_system_line
FROM messages WHERE NOT coalesce(is_draft, false) AND conversation_id IS NOT NULL;
