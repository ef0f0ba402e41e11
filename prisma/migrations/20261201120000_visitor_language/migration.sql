-- The browser language the widget reports, for routing rules on language.
ALTER TABLE `Visitor` ADD COLUMN `language` VARCHAR(35) NULL;
