-- relation: main.sent_invitations
-- reads: main.invitations
-- materialize: view
-- sent_invitations: the invitations the member sent (direction `outgoing`): the one definition of "the
-- member's own invitations" that analyses, charts and notebooks read (docs/schema.md). A view.
CREATE OR REPLACE VIEW sent_invitations AS
SELECT * FROM invitations WHERE direction = 'outgoing';
