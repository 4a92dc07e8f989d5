// The browser entry (index.html names it). All it does is start the reader: see start.tsx.
import { start } from './start.tsx'

void start()
