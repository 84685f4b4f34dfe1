#!/usr/bin/perl
# An ESME built from Debian's Net::SMPP (libnet-smpp-perl, an implementation we did not write), for Cellgate.Smpp's
# interop tests: binds as transceiver to 127.0.0.1:<port> (argument) with system_id "perl" / password "secret",
# submits one message with registered_delivery 1 and a user_message_reference, answers deliver_sm until a receipt
# arrives, then unbinds. Reports each step as one JSON object per line on stdout; exits 0 after a clean unbind.
use strict;
use warnings;
use Net::SMPP;
use JSON::PP;

$| = 1;
my $json = JSON::PP->new->canonical;
sub say_event { print $json->encode({@_}), "\n"; }

my $port = shift or die "usage: esme.pl <port>\n";
alarm 60;

my ($smpp, $bind) = Net::SMPP->new_transceiver('127.0.0.1', port => $port, system_id => 'perl', password => 'secret',
    smpp_version => 0x34, timeout => 30);
die "cannot connect or bind\n" unless $smpp && $bind;
say_event(event => 'bind_transceiver_resp', command_status => $bind->{status} + 0, system_id => $bind->{system_id});
exit 4 if $bind->{status} != 0;

my $resp = $smpp->submit_sm(
    source_addr_ton => 1, source_addr_npi => 1, source_addr => '4917000001',
    dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '4917000002',
    registered_delivery => 1, short_message => 'Hello from perl',
    user_message_reference => pack('n', 42),
) or die "no submit_sm_resp\n";
say_event(event => 'submit_sm_resp', command_status => $resp->{status} + 0, message_id => $resp->{message_id});

while (1) {
    my $pdu = $smpp->read_pdu() or die "connection lost\n";
    if ($pdu->{cmd} == 0x00000015) { $smpp->enquire_link_resp(seq => $pdu->{seq}); next; }
    next unless $pdu->{cmd} == 0x00000005;
    my $receipted = $pdu->{receipted_message_id};
    $receipted =~ s/\0.*//s if defined $receipted;
    say_event(event => 'deliver_sm', esm_class => $pdu->{esm_class} + 0, short_message => $pdu->{short_message},
        receipted_message_id => $receipted,
        message_state => defined $pdu->{message_state} ? unpack('C', $pdu->{message_state}) : undef);
    $smpp->deliver_sm_resp(message_id => '', seq => $pdu->{seq});
    last if $pdu->{esm_class} & 0x04;
}

my $unbind = $smpp->unbind() or die "no unbind_resp\n";
say_event(event => 'unbind_resp', command_status => $unbind->{status} + 0);
$smpp->close();
exit 0;
