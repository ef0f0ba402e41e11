/** Parley's small design system: tokens (tokens.css, imported by app/globals.css) and the components built on them. */
export { Avatar, initialsOf } from "./avatar";
export { Badge, type BadgeTone } from "./badge";
export { Button, buttonStyle, type ButtonVariant } from "./button";
export { Dialog } from "./dialog";
export { controlStyle, fieldStyle, Input, Select, Textarea } from "./input";
export { Menu, MenuItem, MenuSection, MenuSeparator } from "./menu";
export { Skeleton } from "./skeleton";
export { Tabs } from "./tabs";
export { ToastProvider, useToast } from "./toast";
