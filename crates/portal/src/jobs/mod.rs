//! Background jobs. They keep their state in the database (leases, timestamps), so any
//! number of portal replicas can run them at once without doing anything twice.

pub mod access_reviews;
pub mod inactivity;
pub mod mail;
