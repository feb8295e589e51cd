// type-graphql reads decorator metadata, which needs the polyfill loaded before any resolver class.
import 'reflect-metadata';
