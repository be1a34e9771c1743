-- relation: temp.message_owner
-- reads: main.me
-- materialize: temp
-- temp.message_owner: the owner's URL key and person id, and the macro that tells whether the owner sent
-- a message (06_message_senders.sql says who reads them).
CREATE OR REPLACE TEMP TABLE message_owner AS
SELECT any_value(url_key) AS url_key, any_value(person_id) AS person_id FROM me;

-- Whether the owner sent a message: a legacy file's Direction says so; else the sender's URL key is the
-- owner's; else the sender is the owner's person.
CREATE OR REPLACE TEMP MACRO message_is_from_me(direction, sender_url_key, owner_url_key, sender_person_id,
                                           owner_person_id) AS
    CASE WHEN direction IS NOT NULL THEN direction = 'OUTGOING'
         WHEN sender_url_key IS NOT NULL AND owner_url_key IS NOT NULL THEN sender_url_key = owner_url_key
         ELSE coalesce(sender_person_id = owner_person_id, false) END;
