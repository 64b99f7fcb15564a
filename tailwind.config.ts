// Tailwind 4 reads its theme from app/globals.css (@theme); this file names the
// content roots for editors and tools that still look for a config file.
import type { Config } from "tailwindcss";

const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
};

export default config;
