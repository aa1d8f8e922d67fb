// Package seats is the domain of people, accounts and seats: where the cloud's consumed
// seats go (Reconcile: both sides, server only, cloud only, suspended, dormant), the
// people counted twice and why (CountedTwice, Finding, with GitHub's rules and a
// confidence), likeness between accounts, the projection of the first sync, and the
// words of the breakdown. It is pure: it takes the API's facts (client's models and a
// server's ServerAccounts) and makes no request, opens no file and draws nothing.
//
// It may import client (for the models), textsafe and the standard library.
package seats
