"""The site's people: accounts' display names, who may start letters (organizers), and the
superuser's page that grants it or invites an organizer by email."""
