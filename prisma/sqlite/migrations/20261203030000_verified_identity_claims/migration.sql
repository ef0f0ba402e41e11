-- Which of a visitor's identity claims were signed: an identity JWT signs name and email, the HMAC only the id.
ALTER TABLE "Visitor" ADD COLUMN "nameVerified" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Visitor" ADD COLUMN "emailVerified" BOOLEAN NOT NULL DEFAULT false;

-- Finding the visitor a verified user already is on this site (their other devices).
CREATE INDEX "Visitor_siteId_externalId_idx" ON "Visitor"("siteId", "externalId");
