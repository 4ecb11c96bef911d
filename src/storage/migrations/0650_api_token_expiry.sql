-- Issue 12 point 10: API tokens expire by default (core::limits::kApiTokenDefaultSeconds, 90 days).
-- Tokens created before never expired; they now expire 90 days after their creation (those older
-- than that stop working at once: their holders create a new one).
UPDATE api_tokens SET expires_at = created_at + 7776000 WHERE expires_at IS NULL;
