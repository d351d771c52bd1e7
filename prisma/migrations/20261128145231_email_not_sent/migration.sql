-- AlterEnum
ALTER TYPE "EmailStatus" ADD VALUE 'NOT_SENT';
