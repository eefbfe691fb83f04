-- AlterTable
ALTER TABLE "integrations" ADD COLUMN     "pushState" JSONB;
