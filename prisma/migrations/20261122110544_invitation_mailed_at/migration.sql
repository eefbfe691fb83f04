-- AlterTable
ALTER TABLE "invitations" ADD COLUMN     "mailedAt" TIMESTAMP(3);
