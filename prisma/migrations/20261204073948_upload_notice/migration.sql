-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "notice" TEXT;
