import { z } from "zod";

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .email("Enter a full email address, such as admin@example.com."),
  password: z.string().min(1, "Enter your password."),
  callbackUrl: z.string().optional(),
});

export type SignInInput = z.infer<typeof signInSchema>;
