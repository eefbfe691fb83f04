-- AlterTable
ALTER TABLE "api_specs" ADD COLUMN     "lint" JSONB NOT NULL DEFAULT '[]';
