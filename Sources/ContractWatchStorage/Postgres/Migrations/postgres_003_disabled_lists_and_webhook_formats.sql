-- A list can be disabled (it then makes no alerts), and a webhook can ask for Slack's body.
ALTER TABLE watchlists ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE webhooks ADD COLUMN format TEXT NOT NULL DEFAULT 'json';  -- json, slack
