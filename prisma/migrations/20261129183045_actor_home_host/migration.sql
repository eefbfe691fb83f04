-- AlterTable
ALTER TABLE "actors" ADD COLUMN     "homeHost" TEXT;

-- Reviewed addition: actors seen before get the service most of their calls went to.
UPDATE "actors" a SET "homeHost" = (
  SELECT s.host FROM actor_endpoints ae
  JOIN api_endpoints e ON e.id = ae."endpointId"
  JOIN api_services s ON s.id = e."serviceId"
  WHERE ae."actorId" = a.id
  GROUP BY s.host ORDER BY sum(ae.calls) DESC, s.host LIMIT 1
);
