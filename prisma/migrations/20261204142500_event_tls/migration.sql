-- The TLS protocol and cipher each request negotiated, where the log has them (ALB ssl_protocol/ssl_cipher,
-- CloudFront ssl-protocol/ssl-cipher): the posture check for deprecated TLS reads them.
ALTER TABLE telemetry.events ADD COLUMN tls text;
